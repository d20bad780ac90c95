import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ERROR_CLASSES = new Set(['Error', 'RunError', 'InputError', 'HatchetCliError']);
/** Functions whose every text is a message (they build the step's failure messages). */
const MESSAGE_BUILDERS = new Set(['describeFailure', 'failureMessage']);

/**
 * The error messages the action can give, as found in `src/`: the first argument of `new Error`
 * (and its subclasses), `problems.push(…)`, assignments to `result.message`, and the `message`
 * or `error` texts of zod checks. Each is reduced to its longest fixed part (the text between
 * `${…}` placeholders), which is what a user can search for.
 */
export function errorMessages(root: string): { file: string; text: string }[] {
  const found: { file: string; text: string }[] = [];
  for (const file of sourceFiles(join(root, 'src'))) {
    const source = ts.createSourceFile(
      file,
      readFileSync(file, 'utf8'),
      ts.ScriptTarget.ES2022,
      true,
    );
    const visit = (node: ts.Node) => {
      let message: ts.Node | undefined;
      if (
        ts.isNewExpression(node) &&
        ts.isIdentifier(node.expression) &&
        ERROR_CLASSES.has(node.expression.text)
      ) {
        message = node.arguments?.[0];
      } else if (ts.isCallExpression(node) && node.expression.getText(source) === 'problems.push') {
        message = node.arguments[0];
      } else if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        node.left.getText(source) === 'result.message'
      ) {
        message = node.right;
      } else if (
        ts.isPropertyAssignment(node) &&
        ['message', 'error'].includes(node.name.getText(source))
      ) {
        message = node.initializer;
      } else if (
        (ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
        insideBuilder(node)
      ) {
        message = node;
      }
      const text = message && longestFixedPart(message);
      if (text && text.length >= 12) found.push({ file: file.slice(root.length + 1), text });
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

function insideBuilder(node: ts.Node): boolean {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isFunctionDeclaration(at) && at.name && MESSAGE_BUILDERS.has(at.name.text)) return true;
  }
  return false;
}

function longestFixedPart(node: ts.Node): string | undefined {
  const parts: string[] = [];
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) parts.push(node.text);
  else if (ts.isTemplateExpression(node)) {
    parts.push(node.head.text, ...node.templateSpans.map((span) => span.literal.text));
  } else return undefined;
  return parts
    .map((part) => part.replace(/\s+/g, ' ').trim())
    .sort((a, b) => b.length - a.length)[0];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}
