#include "lecter/probe/connect_error.h"

#include <gtest/gtest.h>

#include <cerrno>

#include "lecter/probe/fd_limit.h"

namespace lecter {
namespace {

TEST(OutcomeOfConnectError, NoErrorMeansTheHandshakeCompleted) {
  EXPECT_EQ(outcomeOfConnectError(0), ProbeOutcome::Up);
}

TEST(OutcomeOfConnectError, ResetAnsweringTheSynIsRefused) {
  EXPECT_EQ(outcomeOfConnectError(ECONNREFUSED), ProbeOutcome::Refused);
}

TEST(OutcomeOfConnectError, ResetAfterTheHandshakeStillCountsAsUp) {
  // Linux sets ECONNRESET / EPIPE only once the socket has left SYN_SENT.
  EXPECT_EQ(outcomeOfConnectError(ECONNRESET), ProbeOutcome::Up);
  EXPECT_EQ(outcomeOfConnectError(EPIPE), ProbeOutcome::Up);
}

TEST(OutcomeOfConnectError, NoRouteIsUnreachable) {
  for (const int error : {EHOSTUNREACH, ENETUNREACH, EHOSTDOWN, ENETDOWN}) {
    EXPECT_EQ(outcomeOfConnectError(error), ProbeOutcome::Unreachable) << error;
  }
}

TEST(OutcomeOfConnectError, OtherFailuresOfTheTargetSideAreOtherError) {
  for (const int error : {ETIMEDOUT, EPROTO, ECONNABORTED}) {
    EXPECT_EQ(outcomeOfConnectError(error), ProbeOutcome::OtherError) << error;
  }
}

TEST(OutcomeOfConnectError, ShortagesOnOurSideAreLocalErrors) {
  for (const int error : {EMFILE, ENFILE, ENOBUFS, ENOMEM, EADDRNOTAVAIL, EAGAIN, EAFNOSUPPORT}) {
    EXPECT_EQ(outcomeOfConnectError(error), ProbeOutcome::LocalError) << error;
    EXPECT_FALSE(isTargetDown(outcomeOfConnectError(error))) << error;
  }
}

TEST(OutcomeOfSocketError, AnySocketFailureIsLocal) {
  for (const int error : {EMFILE, ENFILE, ENOBUFS, ENOMEM, EAFNOSUPPORT, EACCES}) {
    EXPECT_EQ(outcomeOfSocketError(error), ProbeOutcome::LocalError) << error;
  }
}

TEST(ProbeOutcomeText, EveryOutcomeHasItsOwnName) {
  EXPECT_EQ(toString(ProbeOutcome::Up), "up");
  EXPECT_EQ(toString(ProbeOutcome::Refused), "refused");
  EXPECT_EQ(toString(ProbeOutcome::Timeout), "timeout");
  EXPECT_EQ(toString(ProbeOutcome::Unreachable), "unreachable");
  EXPECT_EQ(toString(ProbeOutcome::OtherError), "other_error");
  EXPECT_EQ(toString(ProbeOutcome::LocalError), "local_error");
}

TEST(InflightForOpenFileLimit, LeavesTheReserveToTheRestOfTheDaemon) {
  EXPECT_EQ(inflightForOpenFileLimit(1024), 1024 - kReservedDescriptors);
  EXPECT_EQ(inflightForOpenFileLimit(1'048'576), 1'048'576 - kReservedDescriptors);
}

TEST(InflightForOpenFileLimit, NeverLessThanOne) {
  EXPECT_EQ(inflightForOpenFileLimit(0), 1U);
  EXPECT_EQ(inflightForOpenFileLimit(kReservedDescriptors), 1U);
  EXPECT_EQ(inflightForOpenFileLimit(kReservedDescriptors + 1), 1U);
  EXPECT_EQ(inflightForOpenFileLimit(kReservedDescriptors + 2), 2U);
}

}  // namespace
}  // namespace lecter
