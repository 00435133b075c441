// `guardfix explain db-pooling`: the rule's documentation, in the headings every rule's docs share.
export const docs = `## What it does
Finds database connections and clients opened per request: in route handlers (FastAPI, Starlette,
Flask, Quart), FastAPI dependencies (\`Depends(get_db)\`), request hooks and middleware, and what
those call — module functions, classes (\`Repo()\` runs \`__init__\`) and their methods, also in
other modules of the service (\`from .db import get_conn\`, two modules deep). The openers it knows: \`asyncpg.connect\`, \`psycopg2.connect\`,
\`psycopg.connect\` / \`AsyncConnection.connect\`, \`pymysql.connect\`, \`MySQLdb.connect\`,
\`mysql.connector.connect\`, \`aiomysql.connect\`, \`redis.Redis(…)\` / \`StrictRedis\` / \`from_url\`
(also \`redis.asyncio\` and \`aioredis\`), \`pymongo.MongoClient\`, Motor's \`AsyncIOMotorClient\`, and
SQLAlchemy's (and SQLModel's) \`create_engine\` / \`create_async_engine\`; and pools made per request
(\`asyncpg.create_pool\`, psycopg2's, psycopg_pool's, redis-py's, mysql-connector's). Imports are
followed (\`from redis import Redis\`, \`import redis.asyncio as aioredis\`); \`Redis(connection_pool=…)\`
over a shared pool is fine.

Not reported: clients made at module level or in the app's lifespan or startup hook; a value
made once and kept (a \`global\` or a module-level object filled behind an \`if pool is None:\`
check, an \`@lru_cache\` function); scripts, migrations, Celery tasks and tests, which serve no
requests. Django views are left to Django's own \`CONN_MAX_AGE\`.

## Why is this bad?
Every request pays a new TCP (and TLS) handshake and authentication, and PostgreSQL starts a
server process for each connection. Under load the connections pile up until the server's
\`max_connections\` is reached and requests fail. A client such as Redis or MongoClient is a
connection pool itself: made per request, its pool is thrown away each time. One pool for the
process bounds the connections and reuses them.

## Example
\`\`\`python
import asyncpg
from fastapi import Depends, FastAPI

DATABASE_URL = "postgresql://app@db/app"

app = FastAPI()


async def get_db():
    conn = await asyncpg.connect(DATABASE_URL)
    try:
        yield conn
    finally:
        await conn.close()


@app.get("/items")
async def items(db=Depends(get_db)):
    return [dict(r) for r in await db.fetch("SELECT * FROM items")]
\`\`\`

Use instead:
\`\`\`python
from contextlib import asynccontextmanager

import asyncpg
from fastapi import Depends, FastAPI

DATABASE_URL = "postgresql://app@db/app"


@asynccontextmanager
async def lifespan(app: FastAPI):
    # Shared by every request: made once at startup, closed at shutdown
    app.state.db_pool = await asyncpg.create_pool(DATABASE_URL, min_size=0, max_size=10)
    yield
    await app.state.db_pool.close()


app = FastAPI(lifespan=lifespan)


async def get_db():
    async with app.state.db_pool.acquire() as conn:
        yield conn


@app.get("/items")
async def items(db=Depends(get_db)):
    return [dict(r) for r in await db.fetch("SELECT * FROM items")]
\`\`\`

## Options
None. Pools hold at most 10 connections (asyncpg's default) and nothing connects at startup or
import (asyncpg's \`min_size=0\`; the psycopg2 pool is made on first use), so a service still
starts without its database, as before.

## Fix safety
Unsafe: a pooled connection carries its session state (settings, prepared statements, temporary
tables, \`autocommit\`) from one request to the next, and a shared client serves every request at
once.

- asyncpg: \`asyncpg.create_pool(<the same arguments>)\` goes on \`app.state\` in the app's lifespan
  (or startup hook), closed at shutdown; the statements that used the connection move into
  \`async with <pool>.acquire() as conn:\` (a \`try:\`/\`finally: conn.close()\` becomes that block),
  and its \`close()\` goes. Handlers reach the pool through their \`Request\` parameter, else the
  module's \`app\`.
- psycopg2: a \`db_connection()\` context manager that does \`getconn()\` and \`putconn()\` in a
  \`finally:\` (\`putconn\` rolls back what was left uncommitted, as \`close()\` did), on a
  module-level \`psycopg2.pool.ThreadedConnectionPool(10, 10, <the same arguments>)\` made on its
  first use (the pool closes what comes back beyond \`minconn\` and opens \`minconn\` connections
  when made, so \`minconn = maxconn\`, and not at import: before a forking server's fork), and a
  semaphore (the pool raises instead of waiting when all connections are out). The statements that used
  the connection move into \`with db_connection() as conn:\`; \`with psycopg2.connect(…) as conn:\`
  becomes \`with db_connection() as conn, conn:\`, which still commits or rolls back at its end.
  A helper that only returns \`psycopg2.connect(…)\` is left alone and its callers borrow from the
  pool instead.
- Redis, MongoClient and SQLAlchemy engines: one client at module level (Motor, \`redis.asyncio\`
  and async engines: on \`app.state\`, made at startup), closed or disposed at shutdown when the
  app has a shutdown to hook into; the call in the handler becomes the shared client and the
  handler's own \`close()\`/\`dispose()\` goes (a \`with Client() as c:\` block becomes \`c = <shared>\`).
- A FastAPI app with neither lifespan nor hooks gets a \`lifespan=\` (FastAPI 0.93+), or
  \`@app.on_event\` hooks when the requirements pin an older FastAPI; when they do not say, the
  finding names it. An async Redis client is closed with \`aclose()\` when the requirements
  guarantee redis 5.0.1+, else \`close()\`.

A connection opened in a \`try:\` body and closed in its \`finally:\` is borrowed for the rest of
that body. A cursor, transaction or prepared statement of the connection keeps it borrowed for
as long as it is used.

No fix when: the arguments use values of the request (one pool per tenant database); the
connection is returned to callers elsewhere, kept in \`g\` or in a global beyond the function, used
in a nested function, or handed (itself or a cursor) to something that runs later (a background
task, a \`StreamingResponse\`, a generator); one function holds two connections of the same pool at
once (a bounded pool can deadlock); the code closes the client elsewhere (a teardown hook); a
psycopg2 connection is held across an \`await\`; the module has no app for an async pool (an
\`APIRouter\` module, an app made in a factory: create the pool in the app's lifespan and read
\`request.app.state\`); a pool made per request; psycopg 3, PyMySQL, mysqlclient, mysql-connector
and aiomysql (the message says which pool to use).

## References
- https://magicstack.github.io/asyncpg/current/usage.html#connection-pools
- https://www.psycopg.org/docs/pool.html
- https://redis.readthedocs.io/en/stable/connections.html
- https://pymongo.readthedocs.io/en/stable/faq.html#how-does-connection-pooling-work-in-pymongo
- https://docs.sqlalchemy.org/en/20/core/pooling.html
- No hadolint/Trivy/Checkov equivalent.
`;
