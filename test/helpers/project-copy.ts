import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * A copy of the project as a clone would have it (the files git tracks, with their edits, and new files not
 * ignored): no build, no database, no generated client, no .env. Tests that run the developer's or the
 * container's commands start from it, so nothing of this working tree (its data/, its .env) helps them along.
 */
export function copyProject(root: string, destination: string): void {
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of new Set(listed.stdout.split("\0").filter(Boolean))) {
    const source = path.join(root, file);
    if (!fs.existsSync(source)) continue; // deleted in the working tree
    fs.mkdirSync(path.dirname(path.join(destination, file)), { recursive: true });
    fs.copyFileSync(source, path.join(destination, file));
  }
}
