#include "lecter/probe/probe_result.h"

namespace lecter {

std::string_view toString(ProbeOutcome outcome) {
  switch (outcome) {
    case ProbeOutcome::Up:
      return "up";
    case ProbeOutcome::Refused:
      return "refused";
    case ProbeOutcome::Timeout:
      return "timeout";
    case ProbeOutcome::Unreachable:
      return "unreachable";
    case ProbeOutcome::OtherError:
      return "other_error";
    case ProbeOutcome::LocalError:
      return "local_error";
  }
  return "other_error";
}

}  // namespace lecter
