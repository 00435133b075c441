"""Service de vérification — 🛡️ Zéro."""

def démarrer():
    print("🚀 Démarrage du service (mode autonome)")
    état = "prêt"
    return état
