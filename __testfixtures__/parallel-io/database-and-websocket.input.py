from fastapi import FastAPI, WebSocket

app = FastAPI()


@app.post("/v1/import")
async def import_rows(rows: list[dict]):
    async with pool.acquire() as conn:
        for row in rows:
            await conn.execute("INSERT INTO t VALUES ($1)", row["v"])


@app.websocket("/ws")
async def ws(websocket: WebSocket):
    for event in EVENTS:
        await websocket.send_json(event)


@app.post("/v1/enqueue")
async def enqueue(urls: list[str], session: AsyncSession = Depends(get_session)):
    for url in urls:
        await app.state.queue.put(url)
    for pk in urls:
        await session.get(Job, pk)
    for pk in urls:
        await db.get(pk)
