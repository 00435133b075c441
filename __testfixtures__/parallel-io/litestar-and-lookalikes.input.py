from litestar import Litestar, get


@get("/v1/mirrors")
async def mirrors() -> list[int]:
    codes = []
    for url in MIRRORS:
        codes.append((await client.head(url)).status_code)
    return codes


@cache.get(CACHE_KEY)
async def cached() -> list[int]:
    for url in MIRRORS:
        await client.head(url)


app = Litestar([mirrors])
