from fastapi import FastAPI

app = FastAPI(title='Tiny')


@app.get('/health')
def health():
  return {'status': 'ok'}
