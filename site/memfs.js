// memfs.js: a small read-only file system in memory for the WebAssembly
// programs, so that a model that names a file (swc = "cell.swc") finds the
// one the user opened in the page. Go's js/wasm port does its file calls
// through globalThis.fs (Node's API); wasm_exec.js puts stubs there that
// fail every call, unless a page defines it first: load this file before
// wasm_exec.js. Files are found by their base name. Writes to stdout and
// stderr go to the console, as with wasm_exec.js's own stubs.
// Defines globalThis.myelinFiles: a Map from file name to its bytes.
(function (root) {
  'use strict';
  if (root.fs) return;
  const files = new Map();
  const open = new Map(); // fd -> {data, pos}
  let nextFd = 100;
  const decoder = new TextDecoder('utf-8');
  let line = '';
  const err = (code) => { const e = new Error(code); e.code = code; return e; };
  const base = (p) => String(p).split('/').filter(Boolean).pop() || '';
  const stat = (data) => ({
    dev: 0, ino: 0, mode: 0o100444, nlink: 1, uid: 0, gid: 0, rdev: 0, size: data.length, blksize: 4096,
    blocks: Math.ceil(data.length / 512), atimeMs: 0, mtimeMs: 0, ctimeMs: 0, isDirectory: () => false,
  });
  const enosys = (...args) => args[args.length - 1](err('ENOSYS'));
  root.fs = {
    constants: { O_WRONLY: -1, O_RDWR: -1, O_CREAT: -1, O_TRUNC: -1, O_APPEND: -1, O_EXCL: -1, O_DIRECTORY: -1 },
    writeSync(fd, buf) {
      line += decoder.decode(buf);
      const nl = line.lastIndexOf('\n');
      if (nl !== -1) {
        (fd === 2 ? console.warn : console.log)(line.substring(0, nl));
        line = line.substring(nl + 1);
      }
      return buf.length;
    },
    write(fd, buf, offset, length, position, callback) {
      if (fd !== 1 && fd !== 2) { callback(err('EBADF')); return; }
      callback(null, this.writeSync(fd, buf.subarray(offset, offset + length)));
    },
    open(path, flags, mode, callback) {
      const data = files.get(base(path));
      if (!data) { callback(err('ENOENT')); return; }
      if (flags !== 0) { callback(err('EROFS')); return; }
      const fd = nextFd++;
      open.set(fd, { data, pos: 0 });
      callback(null, fd);
    },
    fstat(fd, callback) {
      const f = open.get(fd);
      if (f) callback(null, stat(f.data)); else callback(err('EBADF'));
    },
    stat(path, callback) {
      const data = files.get(base(path));
      if (data) callback(null, stat(data)); else callback(err('ENOENT'));
    },
    lstat(path, callback) { this.stat(path, callback); },
    read(fd, buffer, offset, length, position, callback) {
      const f = open.get(fd);
      if (!f) { callback(err('EBADF')); return; }
      const from = position === null || position === undefined ? f.pos : position;
      const chunk = f.data.subarray(from, Math.min(from + length, f.data.length));
      buffer.set(chunk, offset);
      if (position === null || position === undefined) f.pos = from + chunk.length;
      callback(null, chunk.length);
    },
    close(fd, callback) { open.delete(fd); callback(null); },
    chmod: enosys, chown: enosys, fchmod: enosys, fchown: enosys, fsync: (fd, cb) => cb(null), ftruncate: enosys,
    lchown: enosys, link: enosys, mkdir: enosys, readdir: enosys, readlink: enosys, rename: enosys, rmdir: enosys,
    symlink: enosys, truncate: enosys, unlink: enosys, utimes: enosys,
  };
  // myelinFiles.set('cell.swc', text or bytes) makes a file visible.
  root.myelinFiles = {
    set(name, content) { files.set(base(name), typeof content === 'string' ? new TextEncoder().encode(content) : new Uint8Array(content)); },
    delete(name) { files.delete(base(name)); },
    names() { return [...files.keys()]; },
  };
})(typeof window !== 'undefined' ? window : globalThis);
