function report(items) {
  console.log("Could not reach the policy engine");
  console.error("Could not reach the policy engine");
  items.forEach((item) => {
    console.log("Processing item");
    handle(item);
    console.log("Processing item");
  });
  for (const item of items) {
    console.log("Retrying the upload");
    console.log("Retrying the upload");
  }
}
