import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * A copy of the project as a clone would have it (the files git tracks, with their edits, and new files not
 * ignored): no build, no database, no generated client, no .env. Tests that run the developer's or the
 * container's commands start from it, so nothing of this working tree (its data/, its .env) helps them along.
 */
export function copyProject(root: string, destination: string): void {
  for (const file of projectFiles(root)) {
    const source = path.join(root, file);
    if (!fs.existsSync(source)) continue; // deleted in the working tree
    fs.mkdirSync(path.dirname(path.join(destination, file)), { recursive: true });
    fs.copyFileSync(source, path.join(destination, file));
  }
}

function projectFiles(root: string): Set<string> {
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  });
  if (listed.status === 0) return new Set(listed.stdout.split("\0").filter(Boolean));
  // Not a git checkout (an unpacked archive, CI's copy of the tree for another Node): every file but what
  // .gitignore leaves out. Its patterns are simple enough to read here: names, /rooted paths, *.extensions.
  const ignored = ignoredBy(fs.readFileSync(path.join(root, ".gitignore"), "utf8"));
  const files = new Set<string>();
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const file = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.name === ".git" || ignored(file, entry.isDirectory())) continue;
      if (entry.isDirectory()) walk(file);
      else files.add(file);
    }
  };
  walk("");
  return files;
}

function ignoredBy(gitignore: string): (file: string, isDirectory: boolean) => boolean {
  const rules = gitignore
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const negated = line.startsWith("!");
      const pattern = (negated ? line.slice(1) : line).replace(/\/$/, "");
      const rooted = pattern.startsWith("/");
      const glob = new RegExp(
        `^${(rooted ? pattern.slice(1) : pattern).replace(/[.+^${}()|[\]\\]/g, "\\$&").replaceAll("*", "[^/]*")}$`,
      );
      return { negated, rooted, glob, directoryOnly: line.endsWith("/") };
    });
  return (file, isDirectory) => {
    let ignored = false;
    for (const rule of rules) {
      if (rule.directoryOnly && !isDirectory) continue;
      const subject = rule.rooted ? file : path.posix.basename(file);
      if (rule.glob.test(subject)) ignored = !rule.negated;
    }
    return ignored;
  };
}
