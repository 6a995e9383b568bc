#pragma once
/// Blocks SIGPIPE in the calling thread for its lifetime and swallows any SIGPIPE raised meanwhile.
/// hiredis writes with write(), not send(MSG_NOSIGNAL): a write to a Redis that has just gone away
/// would otherwise kill the whole daemon, and a library must not change the process's disposition.

#include <csignal>

namespace lecter::store {

class ScopedSigpipeBlock {
 public:
  ScopedSigpipeBlock();
  ~ScopedSigpipeBlock();
  ScopedSigpipeBlock(const ScopedSigpipeBlock&) = delete;
  ScopedSigpipeBlock& operator=(const ScopedSigpipeBlock&) = delete;

 private:
  sigset_t old_mask_{};
  bool was_pending_ = false;
};

}  // namespace lecter::store
