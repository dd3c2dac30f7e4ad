class Solution {
    public boolean canFinish(int numCourses, int[][] prerequisites) {
        List<List<Integer>> after = new ArrayList<>();
        for (int i = 0; i < numCourses; i++) after.add(new ArrayList<>());
        int[] waiting = new int[numCourses];
        for (int[] p : prerequisites) {
            after.get(p[1]).add(p[0]);
            waiting[p[0]]++;
        }
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int c = 0; c < numCourses; c++) if (waiting[c] == 0) ready.add(c);
        int taken = 0;
        while (!ready.isEmpty()) {
            int course = ready.poll();
            taken++;
            for (int next : after.get(course)) {
                if (--waiting[next] == 0) ready.add(next);
            }
        }
        return taken == numCourses;
    }
}
