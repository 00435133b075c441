function mode(m) {
  switch (m) {
    case "solo":
      console.info("🔌 Running in standalone mode (no peers)");
      console.info("⚠️ Running in standalone mode (peers unreachable)"); // copy
      break;
    default:
      console.info("Running in cluster mode");
  }
}
