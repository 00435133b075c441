from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/reload", methods=["POST"])
def reload():
    print("🔄 Reloading blocklist")
    count = refresh_blocklist()
    return jsonify({"entries": count})


if __name__ == "__main__":
    print("Starting Flask dev server on :5000")
    app.run(port=5000)
