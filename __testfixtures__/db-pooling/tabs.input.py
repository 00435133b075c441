import asyncpg
from fastapi import FastAPI

DSN = "postgresql://db/app"

app = FastAPI()


@app.get("/total")
async def total():
	conn = await asyncpg.connect(DSN)
	total = await conn.fetchval("SELECT sum(amount) FROM payments")
	if total is None:
		total = 0
	await conn.close()
	return {"total": total}
