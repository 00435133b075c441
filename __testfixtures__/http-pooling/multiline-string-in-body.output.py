from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    # One pooled HTTP client for the whole app: connections are reused across requests
    app.state.http_client = httpx.AsyncClient()
    yield
    await app.state.http_client.aclose()


app = FastAPI(lifespan=lifespan)


@app.post("/graphql")
async def graphql():
    client = app.state.http_client
    query = """
        query {
            viewer { login }
        }
        """
    r = await client.post("http://api/graphql", json={"query": query})
    return r.json()
