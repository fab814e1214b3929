// Loading the function's handler: `[dir/]module.export[.nested]`, where the module is `module` (no extension),
// `module.js` (CommonJS, or an ES module under a package.json with "type": "module"), `module.mjs`, `module.cjs`,
// or a package of that name in node_modules, in that order.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RuntimeError } from './errors.mjs';

const SHIM_FILE = new URL(import.meta.url).pathname;

/** Resolves the handler function, or throws a RuntimeError (or whatever the module threw while loading). */
export async function loadHandler(taskRoot, handlerString) {
  if (!handlerString || handlerString.includes('..')) {
    throw new RuntimeError('Runtime.MalformedHandlerName', `'${handlerString}' is not a valid handler name.`);
  }
  const slash = handlerString.lastIndexOf('/');
  const directory = slash >= 0 ? handlerString.slice(0, slash) : '';
  const moduleAndPath = handlerString.slice(slash + 1);
  const dot = moduleAndPath.indexOf('.');
  if (dot <= 0 || dot === moduleAndPath.length - 1) {
    throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler');
  }
  const moduleName = moduleAndPath.slice(0, dot);
  const exportPath = moduleAndPath.slice(dot + 1).split('.');
  const loaded = await loadModule(path.resolve(taskRoot, directory), moduleName, taskRoot);
  let handler = loaded;
  for (const name of exportPath) handler = handler?.[name];
  if (handler === undefined) {
    throw new RuntimeError('Runtime.HandlerNotFound', `${handlerString} is undefined or not exported`);
  }
  if (typeof handler !== 'function') {
    throw new RuntimeError('Runtime.HandlerNotFound', `${handlerString} is not a function`);
  }
  return handler;
}

async function loadModule(directory, moduleName, taskRoot) {
  const base = path.join(directory, moduleName);
  if (isFile(base)) return requireFile(base);
  if (isFile(`${base}.js`)) {
    return isESMPackage(directory) ? importFile(`${base}.js`) : requireFile(`${base}.js`);
  }
  if (isFile(`${base}.mjs`)) return importFile(`${base}.mjs`);
  if (isFile(`${base}.cjs`)) return requireFile(`${base}.cjs`);
  // A package in node_modules (the code's, then NODE_PATH's: the layers').
  const require = createRequire(path.join(taskRoot, 'index.js'));
  let resolved;
  try {
    resolved = require.resolve(moduleName);
  } catch {
    const name = path.relative(taskRoot, base) || moduleName;
    throw new RuntimeError(
      'Runtime.ImportModuleError', `Error: Cannot find module '${name}'\nRequire stack:\n- ${SHIM_FILE}`);
  }
  return resolved.endsWith('.mjs') ? importFile(resolved) : requireFile(resolved);
}

function requireFile(file) {
  try {
    return createRequire(file)(file);
  } catch (error) {
    // A .js file that is an ES module in disguise (no package.json saying so): Node refuses to require it.
    if (error?.code === 'ERR_REQUIRE_ESM') return importFile(file);
    throw classify(error);
  }
}

async function importFile(file) {
  try {
    return await import(pathToFileURL(file).href);
  } catch (error) {
    throw classify(error);
  }
}

/** Lambda's error types for what goes wrong while a module loads; other errors are the function's own. */
function classify(error) {
  if (error instanceof SyntaxError) {
    return new RuntimeError('Runtime.UserCodeSyntaxError', `${error.name}: ${error.message}`, error);
  }
  if (error?.code === 'MODULE_NOT_FOUND' || error?.code === 'ERR_MODULE_NOT_FOUND') {
    return new RuntimeError('Runtime.ImportModuleError', `${error.name}: ${error.message}`, error);
  }
  return error;
}

function isFile(file) {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Whether the nearest package.json above `directory` says "type": "module". */
function isESMPackage(directory) {
  for (let dir = directory; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      return pkg?.type === 'module';
    } catch (error) {
      if (error?.code !== 'ENOENT') return false;
    }
    if (path.dirname(dir) === dir) return false;
  }
}
