"""Smallest FastAPI service with the fleet's health route, for the container integration test."""
from fastapi import FastAPI

app = FastAPI(title="guardian-zero-service")


@app.get("/health")
def health() -> dict:
    return {"status": "healthy", "service": "guardian-zero-service"}
