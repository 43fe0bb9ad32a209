#include "model/transfer_state.h"

#include <boost/test/unit_test.hpp>

using namespace wpn::tray;

BOOST_AUTO_TEST_SUITE(transfer_state)

BOOST_AUTO_TEST_CASE(each_documented_state_token_has_its_phase) {
  BOOST_TEST((phase_of("queued") == TransferPhase::Queued));
  BOOST_TEST((phase_of("connecting") == TransferPhase::Connecting));
  BOOST_TEST((phase_of("transferring") == TransferPhase::Transferring));
  BOOST_TEST((phase_of("verifying") == TransferPhase::Verifying));
  BOOST_TEST((phase_of("finished") == TransferPhase::Finished));
  BOOST_TEST((phase_of("failed") == TransferPhase::Failed));
}

BOOST_AUTO_TEST_CASE(synonyms_and_prose_are_unknown_not_guessed) {
  for (const char* token : {"complete", "Complete", "done", "Finished", "failed: content mismatch", "error", ""})
    BOOST_TEST((phase_of(token) == TransferPhase::Unknown), token);
  BOOST_TEST(!is_over(phase_of("complete")));
}

BOOST_AUTO_TEST_CASE(only_finished_and_failed_are_over) {
  BOOST_TEST(is_over(TransferPhase::Finished));
  BOOST_TEST(is_over(TransferPhase::Failed));
  for (const auto phase : {TransferPhase::Queued, TransferPhase::Connecting, TransferPhase::Transferring,
                           TransferPhase::Verifying, TransferPhase::Unknown})
    BOOST_TEST(!is_over(phase));
}

BOOST_AUTO_TEST_CASE(texts_come_from_the_table_and_unknown_tokens_show_as_they_are) {
  BOOST_TEST(state_text("transferring") == "Transferring");
  BOOST_TEST(state_text("paused_by_moon") == "paused_by_moon");
  BOOST_TEST(fail_reason_text("not_shared") == "the source does not share the file");
  BOOST_TEST(fail_reason_text("from_the_future") == "from_the_future");
}

BOOST_AUTO_TEST_SUITE_END()
