from fastapi import FastAPI

app = FastAPI(title="Inventory API")

ITEMS = {"1": {"name": "bolt", "stock": 120}}


@app.get("/items/{item_id}")
async def item(item_id: str):
    return ITEMS.get(item_id, {})
