const express = require('express');

let fullIntegration = process.env.CONSCIOUSNESS_URL !== undefined;
if (fullIntegration) {
  connect();
} else {
  console.log('ℹ️  Running in standalone mode (consciousness integration disabled)');

  fullIntegration = false;
  console.log('⚠️  Running in standalone mode (consciousness systems not available)');
}

const app = express();
