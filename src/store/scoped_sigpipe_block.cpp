#include "scoped_sigpipe_block.h"

#include <pthread.h>

#include <ctime>

namespace lecter::store {

namespace {
sigset_t sigpipeOnly() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  return set;
}

bool sigpipePending() {
  sigset_t pending;
  sigemptyset(&pending);
  return sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1;
}
}  // namespace

ScopedSigpipeBlock::ScopedSigpipeBlock() {
  // A SIGPIPE that was pending before belongs to someone else: leave it for them.
  was_pending_ = sigpipePending();
  const sigset_t set = sigpipeOnly();
  pthread_sigmask(SIG_BLOCK, &set, &old_mask_);
}

ScopedSigpipeBlock::~ScopedSigpipeBlock() {
  if (!was_pending_ && sigpipePending()) {
    const sigset_t set = sigpipeOnly();
    const timespec no_wait{0, 0};
    sigtimedwait(&set, nullptr, &no_wait);
  }
  pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
}

}  // namespace lecter::store
