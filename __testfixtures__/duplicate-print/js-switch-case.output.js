function mode(m) {
  switch (m) {
    case "solo":
      console.info("🔌 Running in standalone mode (no peers)");
      break;
    default:
      console.info("Running in cluster mode");
  }
}
