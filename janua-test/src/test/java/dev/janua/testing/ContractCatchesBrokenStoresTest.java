package dev.janua.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janua.spi.Store;
import org.junit.jupiter.api.Test;

/**
 * The concurrent contract cases are not vacuous: each fails on a store with the bug it is about
 * (see {@link BrokenStores}), and passes on the in-memory store.
 */
class ContractCatchesBrokenStoresTest {

  private static <T extends AbstractStoreContract> T suite(T suite) {
    suite.setUpStore();
    return suite;
  }

  @Test
  void signupRace_checkThenWriteEmails_fails() {
    Store broken = BrokenStores.checkThenWriteUsers();
    UserStoreContract users = suite(new UserStoreContract() {
      @Override
      protected Store newStore() {
        return broken;
      }
    });
    assertThatThrownBy(users::createUser_concurrentWithOneEmail_exactlyOneWins)
        .isInstanceOf(AssertionError.class).hasMessageContaining("second signup");
    assertThatThrownBy(users::createUserWithSession_concurrentSignupsWithOneEmail_exactlyOneWinsAndLosersWriteNothing)
        .isInstanceOf(AssertionError.class).hasMessageContaining("second signup");
  }

  @Test
  void disableRace_checkThenWriteSessions_fails() {
    Store broken = CheckThenWriteSessions.store();
    UserStoreContract users = suite(new UserStoreContract() {
      @Override
      protected Store newStore() {
        return broken;
      }
    });
    // Sequentially the broken store looks right; only the race leaves a live session behind.
    assertThatCode(users::createSession_disabledOrUnknownUser_falseAndNothingWritten)
        .doesNotThrowAnyException();
    assertThatThrownBy(users::createSession_racingDisable_noLiveSessionOfTheDisabledUser)
        .isInstanceOf(AssertionError.class).hasMessageContaining("live sessions");
  }

  @Test
  void touchRace_checkThenWriteLastUsed_fails() {
    Store broken = BrokenStores.checkThenWriteTouches();
    ApiTokenStoreContract tokens = suite(new ApiTokenStoreContract() {
      @Override
      protected Store newStore() {
        return broken;
      }
    });
    assertThatThrownBy(tokens::touch_concurrent_exactlyOneWrites)
        .isInstanceOf(AssertionError.class).hasMessageContaining("size");
  }

  @Test
  void keyBootstrap_checkThenWriteKeys_fails() {
    Store broken = BrokenStores.checkThenWriteKeys();
    SigningKeyStoreContract keys = suite(new SigningKeyStoreContract() {
      @Override
      protected Store newStore() {
        return broken;
      }
    });
    assertThatThrownBy(keys::activeKey_concurrentBootstrap_everyCallerGetsTheSameOneKey)
        .isInstanceOf(AssertionError.class).hasMessageContaining("to contain only");
  }

  @Test
  void stagedRotation_checkThenWriteKeys_fails() {
    Store broken = BrokenStores.checkThenWriteKeys();
    SigningKeyStoreContract keys = suite(new SigningKeyStoreContract() {
      @Override
      protected Store newStore() {
        return broken;
      }
    });
    assertThatThrownBy(keys::stageRotation_concurrentRotators_exactlyOneStages)
        .isInstanceOf(AssertionError.class).hasMessageContaining("exactly one rotation");
  }

  /** The organization suite on a new check-then-write store, one race per case. */
  private static OrganizationStoreContract brokenOrganizations() {
    Store broken = BrokenStores.checkThenWriteOwners();
    return suite(new OrganizationStoreContract() {
      @Override
      protected Store newStore() {
        return broken;
      }

      @Override
      protected int ownerRaces() {
        return 1;
      }
    });
  }

  @Test
  void ownerRaces_checkThenWriteOwners_fail() {
    assertThatThrownBy(brokenOrganizations()::twoOwners_demoteEachOtherConcurrently_oneOwnerRemains)
        .isInstanceOf(AssertionError.class).hasMessageContaining("LAST_OWNER");
    assertThatThrownBy(brokenOrganizations()::twoOwners_leaveConcurrently_oneOwnerRemains)
        .isInstanceOf(AssertionError.class).hasMessageContaining("LAST_OWNER");
    assertThatThrownBy(brokenOrganizations()::twoOwners_suspendEachOtherConcurrently_oneOwnerRemains)
        .isInstanceOf(AssertionError.class).hasMessageContaining("LAST_OWNER");
    assertThatThrownBy(brokenOrganizations()::twoOwners_mixedConcurrentChanges_oneOwnerRemains)
        .isInstanceOf(AssertionError.class).hasMessageContaining("LAST_OWNER");
  }

  @Test
  void rotationRace_losersThatWrite_fail() {
    Store broken = BrokenStores.losersRecordARefresh();
    SessionStoreContract sessions = suite(new SessionStoreContract() {
      @Override
      protected Store newStore() {
        return broken;
      }
    });
    // The outcomes alone look right; only the "losers write nothing" case sees the extra events.
    assertThatCode(sessions::rotate_fiftyConcurrentCallers_exactlyOneRotates).doesNotThrowAnyException();
    assertThatThrownBy(sessions::rotate_concurrentCallers_losersWriteNothing)
        .isInstanceOf(AssertionError.class).hasMessageContaining("TOKEN_REFRESHED");
  }

  @Test
  void duplicateRace_sealedSuccessorKeptInASecondStep_fails() {
    Store broken = BrokenStores.sealsAfterSpending();
    SessionStoreContract sessions = suite(new SessionStoreContract() {
      @Override
      protected Store newStore() {
        return broken;
      }
    });
    assertThatThrownBy(sessions::rotate_twoRacingDuplicates_manyRounds_theLoserGetsTheWinnersSealedSuccessor)
        .isInstanceOf(AssertionError.class).hasMessageContaining("sealedSuccessor=null");
    assertThatThrownBy(sessions::refresh_twoRacingDuplicatesOnTwoEngines_bothGetTheSameWorkingSuccessor)
        .isInstanceOf(AssertionError.class).hasMessageContaining("refresh_token_already_rotated");
  }
}
