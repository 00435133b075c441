from fastapi import FastAPI

from app.middleware import setup_middleware

app = FastAPI()
setup_middleware(app)
