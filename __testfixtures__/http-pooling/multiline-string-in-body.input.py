import httpx
from fastapi import FastAPI

app = FastAPI()


@app.post("/graphql")
async def graphql():
    async with httpx.AsyncClient() as client:
        query = """
        query {
            viewer { login }
        }
        """
        r = await client.post("http://api/graphql", json={"query": query})
        return r.json()
