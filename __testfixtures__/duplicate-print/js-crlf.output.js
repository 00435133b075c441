function boot() {
    console.warn("Running without a cache (REDIS_URL unset)");
    return null;
}
