exports.greet = (name) => `Hello from the greeting package, ${name}`;
