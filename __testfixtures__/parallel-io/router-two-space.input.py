from fastapi import APIRouter

router = APIRouter(prefix="/v1")


@router.post("/fanout")
async def fanout(body: dict):
  out = []
  for url in TARGETS:
    reply = await http.post(url, json=body)
    out.append(reply.status_code)
  return out
