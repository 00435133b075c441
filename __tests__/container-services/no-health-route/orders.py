from fastapi import APIRouter

router = APIRouter()


@router.get("/orders/{order_id}")
def get_order(order_id: int):
    return {"id": order_id}
