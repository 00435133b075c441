// The database and cache drivers whose connections or clients a request handler should not open
// for itself, by the name that opens one (resolved through the module's imports), and what to
// use instead.

export type DriverId =
  | 'asyncpg'
  | 'psycopg2'
  | 'psycopg'
  | 'psycopg-async'
  | 'pymysql'
  | 'mysqldb'
  | 'mysql-connector'
  | 'aiomysql'
  | 'redis'
  | 'redis-async'
  | 'pymongo'
  | 'motor'
  | 'sqlalchemy'
  | 'sqlalchemy-async'
  | 'pool';

export interface Driver {
  id: DriverId;
  /**
   * connection: one server connection, to be taken from a pool and given back;
   * client: an object that pools connections itself, to be made once and shared.
   */
  kind: 'connection' | 'client';
  /** the client needs the event loop (made at startup on `app.state`) or not (made at module level) */
  async: boolean;
  /** what the call opens, for messages */
  opens: string;
  /** what to do by hand */
  recipe: string;
}

const D: Record<DriverId, Omit<Driver, 'id'>> = {
  asyncpg: {
    kind: 'connection',
    async: true,
    opens: 'a new PostgreSQL connection',
    recipe: 'create one pool at startup (`app.state.db_pool = await asyncpg.create_pool(…)` in the lifespan), close it at shutdown, and take connections with `async with pool.acquire() as conn:`',
  },
  psycopg2: {
    kind: 'connection',
    async: false,
    opens: 'a new PostgreSQL connection',
    recipe: 'use one `psycopg2.pool.ThreadedConnectionPool` for the process: `conn = pool.getconn()`, then `pool.putconn(conn)` in a `finally:`',
  },
  psycopg: {
    kind: 'connection',
    async: false,
    opens: 'a new PostgreSQL connection',
    recipe: 'use one `psycopg_pool.ConnectionPool` opened at startup and closed at shutdown, and take connections with `with pool.connection() as conn:`',
  },
  'psycopg-async': {
    kind: 'connection',
    async: true,
    opens: 'a new PostgreSQL connection',
    recipe: 'use one `psycopg_pool.AsyncConnectionPool` opened in the app\'s lifespan and closed at shutdown, and take connections with `async with pool.connection() as conn:`',
  },
  pymysql: {
    kind: 'connection',
    async: false,
    opens: 'a new MySQL connection',
    recipe: 'PyMySQL has no pool of its own: share one SQLAlchemy engine (`create_engine("mysql+pymysql://…")`, a QueuePool) created at startup, or a `mysql.connector.pooling.MySQLConnectionPool`',
  },
  mysqldb: {
    kind: 'connection',
    async: false,
    opens: 'a new MySQL connection',
    recipe: 'mysqlclient has no pool of its own: share one SQLAlchemy engine (`create_engine("mysql+mysqldb://…")`, a QueuePool) created at startup',
  },
  'mysql-connector': {
    kind: 'connection',
    async: false,
    opens: 'a new MySQL connection',
    recipe: 'create one `mysql.connector.pooling.MySQLConnectionPool(pool_size=…)` at startup and take connections with `pool.get_connection()` (closing one gives it back)',
  },
  aiomysql: {
    kind: 'connection',
    async: true,
    opens: 'a new MySQL connection',
    recipe: 'create one pool at startup (`await aiomysql.create_pool(…)` in the lifespan), close it at shutdown, and take connections with `async with pool.acquire() as conn:`',
  },
  redis: {
    kind: 'client',
    async: false,
    opens: 'a new Redis client with its own connection pool',
    recipe: 'create one client for the process (its connection pool is shared by every request) and close it at shutdown',
  },
  'redis-async': {
    kind: 'client',
    async: true,
    opens: 'a new Redis client with its own connection pool',
    recipe: 'create one client in the app\'s lifespan on `app.state` (its connection pool is shared by every request) and close it at shutdown',
  },
  pymongo: {
    kind: 'client',
    async: false,
    opens: 'a new MongoClient (a connection pool and monitoring threads)',
    recipe: 'a MongoClient is a pool: create one for the process and close it at shutdown',
  },
  motor: {
    kind: 'client',
    async: true,
    opens: 'a new Motor client (a connection pool and monitoring tasks)',
    recipe: 'a Motor client is a pool: create one in the app\'s lifespan on `app.state` and close it at shutdown',
  },
  sqlalchemy: {
    kind: 'client',
    async: false,
    opens: 'a new SQLAlchemy engine (a connection pool)',
    recipe: 'an engine is a connection pool: create one for the process and dispose of it at shutdown',
  },
  'sqlalchemy-async': {
    kind: 'client',
    async: true,
    opens: 'a new SQLAlchemy engine (a connection pool)',
    recipe: 'an engine is a connection pool: create one in the app\'s lifespan on `app.state` and `await engine.dispose()` at shutdown',
  },
  pool: {
    kind: 'connection',
    async: false,
    opens: 'a new connection pool',
    recipe: "make the pool once for the process (in the app's lifespan, or at module level for synchronous code), close it at shutdown, and take connections from it per request",
  },
};

/** The qualified names that open a connection or client. */
const CALLS: Record<string, DriverId> = {
  'asyncpg.connect': 'asyncpg',
  'asyncpg.connection.connect': 'asyncpg',
  'psycopg2.connect': 'psycopg2',
  'psycopg.connect': 'psycopg',
  'psycopg.Connection.connect': 'psycopg',
  'psycopg.AsyncConnection.connect': 'psycopg-async',
  'pymysql.connect': 'pymysql',
  'pymysql.Connect': 'pymysql',
  'pymysql.connections.Connection': 'pymysql',
  'MySQLdb.connect': 'mysqldb',
  'MySQLdb.Connect': 'mysqldb',
  'mysql.connector.connect': 'mysql-connector',
  'aiomysql.connect': 'aiomysql',
  'redis.Redis': 'redis',
  'redis.StrictRedis': 'redis',
  'redis.client.Redis': 'redis',
  'redis.client.StrictRedis': 'redis',
  'redis.from_url': 'redis',
  'redis.Redis.from_url': 'redis',
  'redis.StrictRedis.from_url': 'redis',
  'redis.asyncio.Redis': 'redis-async',
  'redis.asyncio.StrictRedis': 'redis-async',
  'redis.asyncio.client.Redis': 'redis-async',
  'redis.asyncio.from_url': 'redis-async',
  'redis.asyncio.Redis.from_url': 'redis-async',
  'aioredis.Redis': 'redis-async',
  'aioredis.from_url': 'redis-async',
  'aioredis.Redis.from_url': 'redis-async',
  'pymongo.MongoClient': 'pymongo',
  'pymongo.mongo_client.MongoClient': 'pymongo',
  'motor.motor_asyncio.AsyncIOMotorClient': 'motor',
  'sqlalchemy.create_engine': 'sqlalchemy',
  'sqlalchemy.engine.create_engine': 'sqlalchemy',
  'sqlalchemy.ext.asyncio.create_async_engine': 'sqlalchemy-async',
  'sqlmodel.create_engine': 'sqlalchemy',
  // A pool made per request is no pool at all.
  'asyncpg.create_pool': 'pool',
  'aiomysql.create_pool': 'pool',
  'psycopg2.pool.SimpleConnectionPool': 'pool',
  'psycopg2.pool.ThreadedConnectionPool': 'pool',
  'psycopg_pool.ConnectionPool': 'pool',
  'psycopg_pool.AsyncConnectionPool': 'pool',
  'redis.ConnectionPool': 'pool',
  'redis.BlockingConnectionPool': 'pool',
  'redis.asyncio.ConnectionPool': 'pool',
  'redis.asyncio.BlockingConnectionPool': 'pool',
  'mysql.connector.pooling.MySQLConnectionPool': 'pool',
};

/** A cheap look at a module's text: no driver's name, no site. */
export const MENTIONS = /asyncpg|psycopg|pymysql|MySQLdb|mysql|aiomysql|redis|pymongo|MongoClient|motor|create_engine|create_async_engine|ConnectionPool/;

export function driverOf(qualified: string): Driver | undefined {
  const id = CALLS[qualified];
  return id ? { id, ...D[id] } : undefined;
}
