const { greet } = require("greeting"); // from package.json: a local package packed with `npm pack`

exports.handler = async (event) => {
  console.log(JSON.stringify(event));
  return { greeting: greet(event.name || "world"), runtime: process.env.AWS_EXECUTION_ENV };
};
