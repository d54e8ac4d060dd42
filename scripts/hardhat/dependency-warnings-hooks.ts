import type { SolidityHooks } from "hardhat/types/hooks";
import type { CompilerOutputError } from "hardhat/types/solidity";

/** Hardhat 3 names the sources of npm packages `npm/<package>@<version>/<path>`; the project's own are `project/...`. */
const DEPENDENCY_SOURCE = /^npm\//;

/** Whether `error` is a warning (not an error) located in a dependency's source. */
export function isDependencyWarning(error: CompilerOutputError): boolean {
  if (error.severity !== "warning") return false;
  const file = (error as { sourceLocation?: { file?: string } }).sourceLocation?.file;
  if (file !== undefined) return DEPENDENCY_SOURCE.test(file);
  const located = /-->\s+([^\s:]+)/.exec(error.formattedMessage ?? "");
  return located !== null && DEPENDENCY_SOURCE.test(located[1]);
}

export default async (): Promise<Partial<SolidityHooks>> => ({
  async getCompilationJobErrors(context, compilationJob, compilerOutput, next) {
    const errors = compilerOutput.errors?.filter((error) => !isDependencyWarning(error));
    return next(context, compilationJob, { ...compilerOutput, errors });
  },
});
