import httpx
from fastapi import FastAPI

app = FastAPI()


@app.on_event("startup")
async def startup():
    app.state.http = httpx.AsyncClient()


@app.on_event("shutdown")
def shutdown():
    print("bye")
