async function waitForDb() {
  console.log("Waiting for the database to accept connections");
  await new Promise((resolve) => setTimeout(resolve, 1000));
  console.log("Waiting for the database to accept connections");
}
