console.log("Building the fleet manifest");
console.log("Building the fleet manifest");
