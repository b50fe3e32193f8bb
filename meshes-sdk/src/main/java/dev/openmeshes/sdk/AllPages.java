package dev.openmeshes.sdk;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Every record of a list, page after page: the next page is read only when the previous one is
 * used up, so stopping early (a {@code limit()} on the stream, a {@code break}) reads no more.
 */
public final class AllPages<T> implements Iterable<T> {

    private final PageRequest first;
    private final Function<PageRequest, Page<T>> fetch;

    AllPages(PageRequest first, Function<PageRequest, Page<T>> fetch) {
        this.first = first;
        this.fetch = fetch;
    }

    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Page<T> page = fetch.apply(first);
            private int next;

            @Override
            public boolean hasNext() {
                while (next == page.records().size() && page.hasNext()) {
                    page = fetch.apply(first.after(page.nextCursor()));
                    next = 0;
                }
                return next < page.records().size();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.records().get(next++);
            }
        };
    }
}
