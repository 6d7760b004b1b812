// Run by concurrentApprovals.test.ts in a process of its own: approves the comments named on
// the command line all at once, starting at START_AT (so two such processes overlap), and
// prints how many approvals went through.
import mongoose from 'mongoose';
import { changeCommentStatus } from '../../src/comments/store/changes';

async function main(): Promise<void> {
  await mongoose.connect(process.env.MONGODB_URI as string);
  const ids = process.argv.slice(2);
  const wait = Number(process.env.START_AT) - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const results = await Promise.all(
    ids.map((id) => changeCommentStatus(id, 'pending', 'approved', new Date())),
  );
  process.stdout.write(`${JSON.stringify({ approved: results.filter(Boolean).length })}\n`);
  await mongoose.disconnect();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
