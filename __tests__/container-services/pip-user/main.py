from fastapi import FastAPI

from greeting import hello

app = FastAPI()


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/")
def index():
    return {"message": hello("world")}
