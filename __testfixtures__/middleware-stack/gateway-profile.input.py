from fastapi import FastAPI

app = FastAPI()


@app.middleware("http")
async def add_security_headers(request, call_next):
    response = await call_next(request)
    response.headers["X-Frame-Options"] = "DENY"
    return response


@app.middleware("http")
async def request_id_logging(request, call_next):
    response = await call_next(request)
    return response
