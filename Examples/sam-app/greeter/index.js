const { greet } = require("greeting"); // from package.json: a local package packed with `npm pack`

// Invoked directly ({"name": ...}), as AuditFunction's destination, or through its Function URL (?name=...).
exports.handler = async (event) => {
  console.log(JSON.stringify(event));
  const name = event.name || (event.queryStringParameters || {}).name || "world";
  return { greeting: greet(name), runtime: process.env.AWS_EXECUTION_ENV };
};
