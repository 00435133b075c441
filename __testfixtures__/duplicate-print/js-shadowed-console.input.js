function run(console) {
  console.log("Running in standalone mode");
  console.log("Running in standalone mode");
}
