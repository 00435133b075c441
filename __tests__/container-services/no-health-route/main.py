from fastapi import FastAPI

from orders import router

app = FastAPI(title="orders")
app.include_router(router, prefix="/api")


@app.get("/")
def index():
    return {"service": "orders"}
