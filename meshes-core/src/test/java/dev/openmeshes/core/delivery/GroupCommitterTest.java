package dev.openmeshes.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitterTest {

    @Test
    void callersQueuedDuringACommitShareTheNextOneAndEachGetsItsOwnResult() throws Exception {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        var firstCommitRunning = new CountDownLatch(1);
        var releaseFirstCommit = new CountDownLatch(1);
        try (var committer = new GroupCommitter<Integer, Integer>("test", 100, batch -> {
            batchSizes.add(batch.size());
            if (batchSizes.size() == 1) {
                firstCommitRunning.countDown();
                await(releaseFirstCommit);
            }
            return batch.stream().map(i -> i * 10).toList();
        })) {
            CompletableFuture<Integer> first = committer.submit(1);
            assertThat(firstCommitRunning.await(5, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Integer>> queued = new ArrayList<>();
            for (int i = 2; i <= 6; i++) {
                queued.add(committer.submit(i));
            }
            releaseFirstCommit.countDown();

            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(10);
            assertThat(queued.stream().map(CompletableFuture::join).toList()).containsExactly(20, 30, 40, 50, 60);
            assertThat(batchSizes).containsExactly(1, 5);
        }
    }

    @Test
    void aCallersItemsCommitTogetherAndItIsWokenOnceWithAllTheirResults() throws Exception {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        var firstCommitRunning = new CountDownLatch(1);
        var releaseFirstCommit = new CountDownLatch(1);
        try (var committer = new GroupCommitter<Integer, Integer>("test", 5, batch -> {
            batches.add(batch);
            if (batches.size() == 1) {
                firstCommitRunning.countDown();
                await(releaseFirstCommit);
            }
            return batch.stream().map(i -> -i).toList();
        })) {
            CompletableFuture<Integer> first = committer.submit(0);
            assertThat(firstCommitRunning.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<List<Integer>> bulk = committer.submitAll(List.of(1, 2, 3));
            CompletableFuture<List<Integer>> another = committer.submitAll(List.of(4, 5, 6));
            CompletableFuture<Integer> single = committer.submit(7);
            releaseFirstCommit.countDown();

            assertThat(first.get(5, TimeUnit.SECONDS)).isZero();
            assertThat(bulk.get(5, TimeUnit.SECONDS)).containsExactly(-1, -2, -3);
            assertThat(another.get(5, TimeUnit.SECONDS)).containsExactly(-4, -5, -6);
            assertThat(single.get(5, TimeUnit.SECONDS)).isEqualTo(-7);
            // A batch stops at the submission that reaches the maximum, and never splits one.
            assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5, 6), List.of(7));
        }
    }

    @Test
    void aFailedCommitFailsEveryCallerInIt() {
        try (var committer = new GroupCommitter<Integer, Integer>("test", 10, batch -> {
            throw new IllegalStateException("disk full");
        })) {
            assertThatThrownBy(() -> committer.submit(1).join())
                    .isInstanceOf(CompletionException.class).hasRootCauseMessage("disk full");
        }
    }

    @Test
    void aSubmissionThatCannotBeWrittenFailsAloneAndTheRestOfItsBatchCommits() throws Exception {
        List<Integer> committed = new CopyOnWriteArrayList<>();
        List<List<Integer>> attempts = new CopyOnWriteArrayList<>();
        var firstCommitRunning = new CountDownLatch(1);
        var releaseFirstCommit = new CountDownLatch(1);
        try (var committer = new GroupCommitter<Integer, Integer>("test", 100, batch -> {
            attempts.add(batch);
            if (attempts.size() == 1) {
                firstCommitRunning.countDown();
                await(releaseFirstCommit);
            }
            if (batch.stream().anyMatch(i -> i < 0)) { // a store refusing one item fails its whole transaction
                throw new IllegalArgumentException("cannot store " + batch);
            }
            committed.addAll(batch);
            return batch;
        })) {
            CompletableFuture<Integer> first = committer.submit(0);
            assertThat(firstCommitRunning.await(5, TimeUnit.SECONDS)).isTrue();
            var before = committer.submit(1);
            var poisoned = committer.submitAll(List.of(2, -3));
            var bulk = committer.submitAll(List.of(4, 5));
            var after = committer.submit(6);
            releaseFirstCommit.countDown();

            assertThat(first.get(5, TimeUnit.SECONDS)).isZero();
            assertThat(before.get(5, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(bulk.get(5, TimeUnit.SECONDS)).containsExactly(4, 5);
            assertThat(after.get(5, TimeUnit.SECONDS)).isEqualTo(6);
            assertThatThrownBy(poisoned::join).as("the submission holding the bad item, all or none")
                    .isInstanceOf(CompletionException.class).hasRootCauseMessage("cannot store [2, -3]");
            assertThat(committed).as("every item but the bad submission's, each once").containsExactlyInAnyOrder(0, 1, 4, 5, 6);
            assertThat(attempts.get(1)).as("the batch is first tried whole").containsExactly(1, 2, -3, 4, 5, 6);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
