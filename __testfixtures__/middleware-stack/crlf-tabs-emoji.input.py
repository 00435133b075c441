from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

BANNER = "🔭 AEYON — déjà vu"

app = FastAPI(title="Guardian AEYON Service 🔭")

app.add_middleware(
	CORSMiddleware,
	allow_origins=["https://soc.bravetto.ai"],
)


@app.get("/health")
def health():
	return {"status": "healthy"}
