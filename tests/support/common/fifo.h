#pragma once
/// FIFOs where a file is expected: a read of one that waits for a writer would hang the test, so the
/// read runs in a thread that this helper frees if it has not returned in time.

#include <chrono>
#include <functional>
#include <string>

namespace lecter::testing {

/// Makes a FIFO at `path` (throws std::runtime_error when it cannot).
void makeFifo(const std::string& path);

/// Runs `read` (something that reads the FIFO at `fifo`) in a thread; true when it returned within
/// `bound`. When it did not, the FIFO is opened for writing and closed, which ends a read blocked on
/// it, and the thread is joined before this returns false.
bool returnsWithoutAWriter(const std::string& fifo, const std::function<void()>& read,
                           std::chrono::milliseconds bound = std::chrono::seconds(2));

}  // namespace lecter::testing
