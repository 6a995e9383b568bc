#include "lecter/kube/unreadable_answers.h"

#include <atomic>

namespace lecter {
namespace {

std::atomic<std::uint64_t> unreadable{0};

}  // namespace

std::uint64_t unreadableAnswers() { return unreadable.load(std::memory_order_relaxed); }

void countUnreadableAnswer() { unreadable.fetch_add(1, std::memory_order_relaxed); }

}  // namespace lecter
