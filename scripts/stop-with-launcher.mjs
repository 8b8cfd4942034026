// Preloaded into `next start` by start-next-app.mjs: when the launcher is gone without passing a signal on
// (killed with SIGKILL, say), stop as on SIGTERM rather than keep serving as an orphan.
const launcher = process.ppid;
setInterval(() => {
  if (process.ppid !== launcher) process.kill(process.pid, 'SIGTERM');
}, 1000).unref();
