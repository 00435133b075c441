function boot() {
    console.warn("Running without a cache (REDIS_URL unset)");
    console.warn("Running without a cache (falling back to memory)");
    return null;
}
