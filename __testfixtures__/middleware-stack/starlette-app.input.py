from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Route


async def health(request):
    return JSONResponse({"status": "ok"})


app = Starlette(
    routes=[Route("/health", health)],
    middleware=[Middleware(CORSMiddleware, allow_origins=["*"])],
)
