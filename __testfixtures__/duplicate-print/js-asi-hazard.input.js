function boot() {
  const ready = check()
  console.log("Service booted in standalone mode");
  const mode = ready
  console.log("Service booted in standalone mode");
  [1, 2].forEach(warm)
}
