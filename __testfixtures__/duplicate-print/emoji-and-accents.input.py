"""Service de vérification — 🛡️ Zéro."""

def démarrer():
    print("🚀 Démarrage du service (mode autonome)")
    print("✅ Démarrage du service (vérifications désactivées)")
    état = "prêt"
    return état
