from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI

DSN = "postgresql://db/app"


@asynccontextmanager
async def lifespan(app: FastAPI):
	# Shared by every request: made once at startup, closed at shutdown
	app.state.db_pool = await asyncpg.create_pool(DSN, min_size=0, max_size=10)
	yield
	await app.state.db_pool.close()


app = FastAPI(lifespan=lifespan)


@app.get("/total")
async def total():
	async with app.state.db_pool.acquire() as conn:
		total = await conn.fetchval("SELECT sum(amount) FROM payments")
		if total is None:
			total = 0
	return {"total": total}
