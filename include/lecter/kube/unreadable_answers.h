#pragma once
/// How many ApiServer answers could not be read since lecter started: a 2xx body that is not the
/// object asked for, a list item or a watch line that fails its checks (answer_decoding.h). Each is a
/// failed read, logged where it happened and never written from; the count shows in the cycle's debug
/// line and is what a metric of unreadable answers reads. Thread-safe: the watch threads count too.

#include <cstdint>

namespace lecter {

[[nodiscard]] std::uint64_t unreadableAnswers();
void countUnreadableAnswer();

}  // namespace lecter
